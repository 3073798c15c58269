history -r networking@base:
