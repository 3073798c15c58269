downgrade --sql x04a:xl@-1
