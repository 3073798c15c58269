downgrade --sql x04a:xl@base
