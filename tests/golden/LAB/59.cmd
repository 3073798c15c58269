show y001@head
