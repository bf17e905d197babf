module brickbyte/testconnector

go 1.19
