// Every public header was compiled alone in its own translation unit of this program;
// reaching main() means they all are self-contained.
int main() { return 0; }
