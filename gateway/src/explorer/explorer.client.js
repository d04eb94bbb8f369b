/* global React, ReactDOM, GraphiQL */
// The explorer page's only script: GraphiQL against this gateway, headers kept in localStorage.
(function () {
  var defaultQuery = [
    '# Welcome to the leadgraph explorer.',
    '#',
    '# 1. Sign in: run the login mutation below (demo password: leadgraph-demo).',
    '# 2. Copy accessToken into the Headers tab as:',
    '#      { "Authorization": "Bearer <accessToken>" }',
    '# 3. Query across subgraphs, e.g.:',
    '#      { leads(first: 5) { edges { node { name assignedTo { email } sourceResponse { totalScore } } } } }',
    '',
    'mutation Login {',
    '  login(input: { email: "admin@acme.test", password: "leadgraph-demo" }) {',
    '    accessToken',
    '    user { email tenant { name } }',
    '  }',
    '}',
    '',
  ].join('\n');
  var fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: 'headers',
    }),
  );
})();
