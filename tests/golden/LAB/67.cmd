history -r networking@base:networking@head
