from washer.cli import main

main(prog_name="washer")
