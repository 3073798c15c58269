downgrade --sql a003:networking@a002
