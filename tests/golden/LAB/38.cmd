show y001
