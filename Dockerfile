# pacta in a container: a static musl build on Alpine, copied with the
# bundled treaty library into a distroless image that has nothing else.
#
#   docker build -t pacta --build-arg PACTA_REVISION="$(git log -1 --date=short --format='%h %cd')" .
#   docker run --rm -v "$PWD:/work" pacta check /usr/share/pacta/rules scenario.yaml
#
# .git is not sent to the builder (.dockerignore), so `pacta --version` says
# `unknown` unless PACTA_REVISION is given.

FROM rust:1-alpine AS build
# psm (pest's stack guard) compiles C and assembly.
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
ARG PACTA_REVISION=""
ENV PACTA_REVISION=${PACTA_REVISION}
# The registry and target directory persist between builds (BuildKit).
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --locked --release --bin pacta \
    && cp target/release/pacta /usr/local/bin/pacta

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /usr/local/bin/pacta /usr/local/bin/pacta
COPY rules/ /usr/share/pacta/rules/
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/pacta"]
CMD ["--help"]
