show xl@head
