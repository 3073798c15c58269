show yl@head
