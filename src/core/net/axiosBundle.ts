// Entry of dist/axios.js, the HTTP client loaded on first network use so activation never pays
// for it. A default re-export because that is the shape `import('axios')` expects.
export { default } from 'axios';
