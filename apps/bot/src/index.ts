export { createBotApp, type BotApp, type BotAppOptions } from './app.js';
export { MENU, mainMenu } from './keyboards.js';
export { COMMANDS } from './commands.js';
export { splitText, TG_TEXT_LIMIT } from './outbox/split.js';
export { FloodLimiter } from './flood.js';
export { RefusalLimiter } from './access.js';
