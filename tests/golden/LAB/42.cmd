show shopping
