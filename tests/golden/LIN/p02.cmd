upgrade --sql head
