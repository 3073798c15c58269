show y002
