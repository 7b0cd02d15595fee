import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router';
import { connectSession, useSession } from './stores/session';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
connectSession(useSession());
app.use(router);
app.mount('#app');
