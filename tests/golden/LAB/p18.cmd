downgrade --sql y003:yl@base
