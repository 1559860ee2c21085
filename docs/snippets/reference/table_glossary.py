from gradflow.book.glossary import table

print(table())
