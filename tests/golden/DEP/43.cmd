history -r beta@base:
