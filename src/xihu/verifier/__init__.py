"""The standalone verifier of a Xihu export (standard library only, relative imports only, so
it runs as the `xihu_verifier` folder of the zip): standalone.py (verify.py in the zip) starts
cli.py, which reads the export once with reading.py and checks it with the other modules."""
