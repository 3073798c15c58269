show beta@head
