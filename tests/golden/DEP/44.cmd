history -r alpha@base:
