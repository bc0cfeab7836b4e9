#!/bin/sh
echo "native schema engine not available: use npm run db:migration" >&2
exit 1
