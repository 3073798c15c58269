show s001
