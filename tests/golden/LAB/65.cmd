show shopping@base
