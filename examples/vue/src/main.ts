import { createApp } from 'vue';
import App from './App.vue';

// ?server=…&space=… names the Tori server and space (the test passes the reference server's).
const params = new URLSearchParams(location.search);
createApp(App, { server: params.get('server') ?? location.origin, space: params.get('space') ?? 'demo' }).mount('#app');
