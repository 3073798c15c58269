show a002@head
