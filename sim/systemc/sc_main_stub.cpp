// libsystemc.so refers to sc_main (its own main() would call it). hlmm's executables have their own
// main(), so this is never called, but every executable that links libsystemc must resolve the
// reference, including ones that never touch the card. That is why it is its own object, put on
// every consumer's link line, rather than a definition inside card_model.cpp that the linker only
// pulls in when something uses the card.
// C linkage, as <systemc> declares it.
extern "C" int sc_main(int, char*[]);
extern "C" int sc_main(int, char*[]) { return 1; }
