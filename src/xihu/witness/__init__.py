"""xihu-witness (standard library only, relative imports only, so it runs as the `xihu_witness`
folder of the zip): standalone.py (xihu-witness.py in the zip) starts cli.py."""
