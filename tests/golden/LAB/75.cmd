history -r :shopping@head
