downgrade --sql b003:alpha@base
