# Sourced by the kcat-lite tests after lib.sh: start a private Kafka broker
# (test/services/kafka.sh) on free ports, stopped when the script ends.
#   B          the bootstrap address
#   kafka ARG  run test/services/kafka.sh with this broker's environment
#   topic NAME PARTS   create a topic
command -v java >/dev/null || skip_all "java not installed"
command -v kcat >/dev/null || skip_all "kcat not installed (make deps)"
KAFKA_PORT=$(free_port)
KAFKA_CONTROLLER_PORT=$(free_port)
KAFKA_DIR=$WORK/kafka
export KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_DIR
B=127.0.0.1:$KAFKA_PORT
kafka() { "$TOP/test/services/kafka.sh" "$@"; }
topic() { kafka create-topic "$1" "$2"; }
at_exit "kafka stop"
kafka start
