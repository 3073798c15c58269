upgrade --sql ae1027:+2
