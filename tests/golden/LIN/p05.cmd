upgrade --sql ae1027:+9
