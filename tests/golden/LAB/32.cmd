show s002
