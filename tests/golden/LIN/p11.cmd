downgrade --sql head:head-2
