
if __name__ == "__main__":  # Dask's worker processes import __main__ again: they skip this
    from frictionaudit import interrupts

    interrupts.hold()  # before the command line's imports: a signal from here on is noted

    from frictionaudit.cli import run

    run()
