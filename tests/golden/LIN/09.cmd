show head
