downgrade --sql y003:networking@head
