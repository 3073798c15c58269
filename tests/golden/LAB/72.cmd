history -r yl@base:y002
