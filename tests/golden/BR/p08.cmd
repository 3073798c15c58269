upgrade --sql ccc003:ddd004
