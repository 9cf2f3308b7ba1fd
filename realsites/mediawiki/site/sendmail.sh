#!/bin/sh
# PHP's sendmail_path for the bed: each mail becomes a file in $REALSITE_DATA/mail.
exec cat > "$REALSITE_DATA/mail/$(date +%s%N)-$$.eml"
