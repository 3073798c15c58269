show networking@head
