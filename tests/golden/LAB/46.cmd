show shopping@head
