history -r xl@base:
