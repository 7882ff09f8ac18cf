declare const __DUCHA_VERSION__: string;
