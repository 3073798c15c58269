history -r b001:
