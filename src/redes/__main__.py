from redes.cli import main

main()
