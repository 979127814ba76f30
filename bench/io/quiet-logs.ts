/**
 * Imported first by a bench that runs the engine in its own process: the engine's start-up lines
 * would bury the bench's table. The logger reads SEMANTIK_LOG_LEVEL once, when it is imported, so
 * this must run before any import that reaches it; a level set by the caller still wins.
 */
process.env.SEMANTIK_LOG_LEVEL ??= 'warn';
