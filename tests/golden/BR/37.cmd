history -r :head
