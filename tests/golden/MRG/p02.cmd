upgrade --sql ddd004:ggg007
