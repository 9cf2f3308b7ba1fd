"""Many sites at once: `frictionaudit batch`. Each site is one task (on this process, a Dask
LocalCluster, or a running Dask cluster); each comes back as its own report folder, and an
index compares them."""
